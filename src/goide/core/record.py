"""`class X(NamedTuple)` as typing.NamedTuple writes it, without importing typing at run time.

typing costs a tenth of `goide inspect FILE`'s start-up and of `goide bench compare`'s, and their
modules use nothing else of it at run time.
Modules import `typing.NamedTuple` for the type checker and this one at run time:

    TYPE_CHECKING = False
    if TYPE_CHECKING:
        from typing import NamedTuple
    else:
        from goide.core.record import NamedTuple

The class made is `collections.namedtuple(name, fields, defaults=...)` with the class body's
methods, docstring and annotations, as typing makes it.
"""

from __future__ import annotations

import collections

_NOT_COPIED = frozenset(
    {"__module__", "__qualname__", "__annotations__", "__doc__", "__dict__", "__weakref__"}
)


class _NamedTupleMeta(type):
    def __new__(mcls, name: str, bases: tuple[type, ...], namespace: dict[str, object]) -> type:
        if not bases:  # NamedTuple itself
            return super().__new__(mcls, name, bases, namespace)
        annotations = dict(namespace.get("__annotations__", {}))  # type: ignore[call-overload]
        fields = tuple(annotations)
        defaults = []
        for field in fields:
            if field in namespace:
                defaults.append(namespace[field])
            elif defaults:
                raise TypeError(f"Non-default namedtuple field {field} cannot follow default field")
        module = str(namespace["__module__"])
        cls: type = collections.namedtuple(name, fields, defaults=defaults, module=module)  # type: ignore[misc]
        for key, value in namespace.items():
            if key not in _NOT_COPIED and key not in fields:
                setattr(cls, key, value)
        cls.__annotations__ = annotations
        if namespace.get("__doc__") is not None:
            cls.__doc__ = str(namespace["__doc__"])
        return cls


class NamedTuple(metaclass=_NamedTupleMeta):
    """Base class whose subclasses are namedtuples (see the module's docstring)."""
