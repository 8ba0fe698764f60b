"""The fault-injection suite (issue "faults lose nothing and hide nothing")."""

import faulthandler
import signal
import sys

# `kill -USR1 <pytest>` prints every thread's stack: a fault test that hangs says where.
faulthandler.register(signal.SIGUSR1, file=sys.__stderr__, all_threads=True)
