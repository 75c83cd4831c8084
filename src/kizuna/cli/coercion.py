"""Parameter coercion without pydantic for the values that need none (CLI start-up, issue 11.15).

Typer (0.2x) coerces every parameter value through a pydantic ``TypeAdapter`` that it
builds on first use, even for an option left at ``None`` or a plain string; importing
pydantic and building the adapters is about a quarter of a bare ``import typer,
sqlalchemy``. :func:`defer_coercion` gives each parameter of a built click command a
runtime coercion that answers those cases itself (``None`` or an empty multiple stays as
Typer would leave it, a ``str`` value of a ``str`` parameter is itself, a ``Path``
parameter gets ``Path(value)`` checked by Typer's own path rules) and hands any
other value to the coercion Typer would have built, so results and error messages are
Typer's own. On a Typer without this runtime layer it changes nothing.

    >>> command = typer.main.get_command(app)  # doctest: +SKIP
    >>> defer_coercion(command)  # doctest: +SKIP
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

__all__ = ["defer_coercion"]


def _deferred_class() -> type | None:
    """The runtime-parameter class, or None when Typer has no such layer."""
    try:
        from typer._coercion import RuntimeParam, build_runtime_param
        from typer._param_types import coerce_cli_path
    except ImportError:  # another Typer: leave its coercion alone
        return None

    class DeferredRuntimeParam(RuntimeParam):
        """Coerces ``None`` and plain strings itself; builds Typer's coercion for the rest."""

        _descriptor: Any
        _built: Any

        def __init__(self, descriptor: Any) -> None:
            super().__init__(parameter_info=descriptor.parameter_info,
                             annotation=descriptor.annotation)
            object.__setattr__(self, "_descriptor", descriptor)
            object.__setattr__(self, "_built", None)

        def _typer(self) -> Any:
            built = self._built
            if built is None:
                built = build_runtime_param(self._descriptor)
                object.__setattr__(self, "_built", built)
            return built

        def coerce(self, value: Any, param: Any, ctx: Any) -> Any:
            multiple = param.multiple or param.nargs == -1
            if value is None:
                return () if multiple else None  # as RuntimeParam.coerce
            info, annotation = self.parameter_info, self.annotation
            if (multiple or not isinstance(value, str) or info.parser is not None
                    or self._descriptor.file_annotation is not None):
                return self._typer().coerce(value, param=param, ctx=ctx)
            if annotation is str:
                return value  # Typer's str coercion returns str(value)
            if (isinstance(annotation, type) and issubclass(annotation, Path)
                    and info.path_type is None):
                # Typer's path coercion, given the Path pydantic would have made of the str
                return coerce_cli_path(annotation(value), info, path_type=annotation,
                                       param=param, ctx=ctx)
            return self._typer().coerce(value, param=param, ctx=ctx)

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            return self._typer()._coerce_value(value, param=param, ctx=ctx)

    return DeferredRuntimeParam


_DEFERRED = _deferred_class()


def defer_coercion(command: Any) -> Any:
    """Give every parameter of ``command`` (and of its subcommands) the deferred coercion,
    the ``--help`` option included (click builds it once and caches it on the command)."""
    if _DEFERRED is not None:
        params = list(getattr(command, "params", ()))
        get_help_option = getattr(command, "get_help_option", None)
        if get_help_option is not None:
            context = command.context_class(command, **command.context_settings)
            params.append(get_help_option(context))
        for param in params:
            descriptor = getattr(param, "type_descriptor", None)
            if descriptor is not None and getattr(param, "_runtime_param", 1) is None:
                param._runtime_param = _DEFERRED(descriptor)
        commands = getattr(command, "commands", None)
        if isinstance(commands, dict):
            for sub in commands.values():
                defer_coercion(sub)
    return command
