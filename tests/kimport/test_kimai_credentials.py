"""Where the Kimai database password comes from: never the docs' command line; the
environment, then a MySQL option file ([client] section), as the mysql client reads it."""

import os

import pytest

from kimai_tui.data.kimai_source import credentials, option_file_values, parse_url
from kimai_tui.rules.errors import UsageError


def test_the_url_names_user_host_port_and_database():
    url = parse_url("mysql://kimai@db.example.com:3307/kimai2")
    assert (url.user, url.host, url.port, url.database) == ("kimai", "db.example.com", 3307,
                                                            "kimai2")
    assert parse_url("mariadb://k@h/d").port == 3306
    assert "password" not in parse_url("mysql://k:secret@h/d").describe()


def test_environment_first_then_the_option_file(tmp_path):
    cnf = tmp_path / ".my.cnf"
    cnf.write_text("[client]\nuser = fromfile\npassword = \"filepw\"\n!includedir /etc/x\n")
    cnf.chmod(0o600)
    source = parse_url("mysql://kimai@h/d")
    env = {"HOME": str(tmp_path)}
    assert credentials(source, env, None) == ("kimai", "filepw")
    assert credentials(source, env | {"MYSQL_PWD": "m"}, None) == ("kimai", "m")
    assert credentials(source, env | {"MYSQL_PWD": "m", "KIMAI_MYSQL_PASSWORD": "k"},
                       None) == ("kimai", "k")
    assert credentials(parse_url("mysql://h/d"), env, None) == ("fromfile", "filepw")
    other = tmp_path / "kimai.cnf"
    other.write_text("[client]\npassword=other\n")
    assert credentials(source, env, str(other)) == ("kimai", "other")


def test_an_option_file_anyone_may_write_is_refused(tmp_path):
    cnf = tmp_path / "open.cnf"
    cnf.write_text("[client]\npassword=x\n")
    os.chmod(cnf, 0o666)
    with pytest.raises(UsageError, match="may be written by anyone"):
        option_file_values(cnf)
    with pytest.raises(UsageError, match="no such option file"):
        credentials(parse_url("mysql://k@h/d"), {}, str(tmp_path / "missing.cnf"))
