"""Every environment variable MotCua reads, declared once with its default and meaning.

The README's configuration table is generated from this list
(``python -m motcua.conf.env``), so the two never disagree.
"""

import os
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Variable:
    name: str
    default: str
    doc: str
    shown: str | None = None  # how the default reads in the docs, when it depends on the machine


VARIABLES: dict[str, Variable] = {}


def declare(name: str, default: str, doc: str, shown: str | None = None) -> Variable:
    variable = Variable(name, default, doc, shown)
    VARIABLES[name] = variable
    return variable


def _raw(variable: Variable) -> str:
    return os.environ.get(variable.name, variable.default)


def string(name: str, default: str, doc: str, shown: str | None = None) -> str:
    return _raw(declare(name, default, doc, shown))


def boolean(name: str, default: bool, doc: str) -> bool:
    value = _raw(declare(name, "true" if default else "false", doc)).strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off", ""}:
        return False
    raise ValueError(f"{name} must be true or false, not {value!r}")


def listing(name: str, default: str, doc: str) -> list[str]:
    return [item.strip() for item in _raw(declare(name, default, doc)).split(",") if item.strip()]


def parsed(name: str, default: str, doc: str, parse: Callable[[str], object]) -> object:
    variable = declare(name, default, doc)
    try:
        return parse(_raw(variable))
    except ValueError as error:
        raise ValueError(f"{name}: {error}") from error


def local_url(host: str, port: str) -> str:
    """The address of a server listening on `host`:`port` (`make run`'s HOST and PORT), for
    a PUBLIC_URL that was not set: http://127.0.0.1:8101, http://[::1]:8000."""
    host = host.strip() or "127.0.0.1"
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"  # an IPv6 address
    return f"http://{host}:{port.strip() or '8000'}"


def markdown_table() -> str:
    rows = ["| variable | default | meaning |", "|---|---|---|"]
    for variable in VARIABLES.values():
        default = variable.shown or (f"`{variable.default}`" if variable.default else "(empty)")
        rows.append(f"| `{variable.name}` | {default} | {variable.doc} |")
    return "\n".join(rows)


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.conf.settings")
    os.environ.setdefault("MOTCUA_DEMO", "true")  # lists the variables: starts no server
    import django

    django.setup()
    # Settings registered their variables in the imported module, not in this __main__ copy.
    from motcua.conf import env

    print(env.markdown_table())
