"""The fault-injection suite (issue "faults lose nothing and hide nothing")."""
