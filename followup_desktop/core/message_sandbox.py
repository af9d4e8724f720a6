"""Rendering user-editable templates safely: Jinja2's sandbox, bounded in size and in time.

A template is text the user can edit (or import from someone else's file), so it is untrusted:

1. It is parsed, then *refused before anything runs* when it reaches for Python internals
   (names or attributes starting with ``_``, text containing ``__``, the ``attr``/``format``
   filters, ``.format()`` calls, ``%`` formatting of text) or for other files (include, import,
   extends). The refusal says what was found and on which line.
2. It runs in :class:`ImmutableSandboxedEnvironment` with :class:`StrictUndefined`: a misspelt
   variable is an error naming it, never a silent blank. Data the user has not recorded yet is a
   :class:`Gap`, which prints as a visible ``«missing: interview.challenges»`` (the checks flag it)
   and is false in ``{% if %}``.
3. It is bounded: ``range`` gives at most :data:`MAX_RANGE` items, every loop step, call and
   arithmetic on text counts against :data:`MAX_LOOP_STEPS` and a wall-clock deadline, text is
   never allowed to grow past :data:`MAX_OUTPUT` characters, and the output stops there too.

Every failure is a :class:`TemplateProblem` (subclasses below) whose ``str()`` is one sentence
with the line and the line's text; nothing else escapes :func:`render`.
"""

from __future__ import annotations

import contextvars
import functools
import time
from collections.abc import Iterable, Iterator
from typing import Any

from jinja2 import StrictUndefined, nodes
from jinja2.exceptions import SecurityError, TemplateSyntaxError
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import Cycler, missing

from followup_desktop.core.message_compose import FILTERS as COMPOSE_FILTERS
from followup_desktop.core.message_errors import (
    TemplateProblem,
    TemplateRefused,
    TemplateRuntimeProblem,
    TemplateSyntaxProblem,
    TemplateTooBig,
)
from followup_desktop.core.message_values import Fields, Gap, fill

__all__ = [
    "MAX_OUTPUT",
    "Fields",
    "Gap",
    "TemplateProblem",
    "TemplateRefused",
    "TemplateRuntimeProblem",
    "TemplateSyntaxProblem",
    "TemplateTooBig",
    "compile_template",
    "fill",
    "render",
]

MAX_SOURCE = 50_000  # characters of one template part
MAX_OUTPUT = 20_000  # characters of one rendered part, and of any text built on the way
MAX_RANGE = 1_000  # items one range() may give
MAX_LOOP_STEPS = 2_000  # loop items, calls and operations of one render
MAX_SECONDS = 1.0  # wall-clock time of one render
TEMPLATE_FILE = "<template>"  # the file name Jinja gives code compiled from a string


# --- limits -------------------------------------------------------------------------------


class _Budget:
    def __init__(self, seconds: float) -> None:
        self.deadline = time.monotonic() + seconds
        self.steps = 0

    def tick(self) -> None:
        self.steps += 1
        if self.steps > MAX_LOOP_STEPS:
            raise TemplateTooBig(
                f"it loops or calls more than {MAX_LOOP_STEPS:,} times; a message needs far fewer"
            )
        if time.monotonic() > self.deadline:
            raise TemplateTooBig("it took too long to render (more than a second)")


_BUDGET: contextvars.ContextVar[_Budget] = contextvars.ContextVar("template_budget")


def _tick() -> None:
    budget = _BUDGET.get(None)
    if budget is not None:
        budget.tick()


def _check_size(value: Any) -> Any:
    if isinstance(value, str | list | tuple) and len(value) > MAX_OUTPUT:
        raise TemplateTooBig(f"it builds text longer than {MAX_OUTPUT:,} characters")
    if isinstance(value, int) and value.bit_length() > 256:
        raise TemplateTooBig("it computes a number far too large for a message")
    return value


def _loop(iterable: Iterable[Any]) -> Iterator[Any]:
    """What every ``{% for %}`` iterates through (added to the parsed template)."""
    for item in iterable:
        _tick()
        yield item


def _bounded_range(*args: int) -> range:
    numbers = range(*args)
    if len(numbers) > MAX_RANGE:
        raise TemplateTooBig(
            f"range() would give {len(numbers):,} items; the limit is {MAX_RANGE:,}"
        )
    return numbers


class _Undefined(StrictUndefined):
    """StrictUndefined whose message names the variable the way the variables panel does."""

    __slots__ = ()

    @property
    def _undefined_message(self) -> str:
        if self._undefined_hint:
            return self._undefined_hint
        owner = self._undefined_obj
        name = self._undefined_name
        if isinstance(owner, Fields):
            return f"there is no variable {owner._path}.{name}"
        if owner is missing or owner is None:
            return f"there is no variable '{name}'"
        return f"a {type(owner).__name__} value has no field '{name}'"


_FORMAT_ATTRS = frozenset({"format", "format_map"})


def _is_format_method(obj: Any) -> bool:
    owner = getattr(obj, "__self__", None)
    return isinstance(owner, str) and getattr(obj, "__name__", "") in _FORMAT_ATTRS


class _Environment(ImmutableSandboxedEnvironment):
    intercepted_binops = frozenset({"*", "**", "+", "%", "//"})

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        _tick()
        if operator == "%" and isinstance(left, str):
            raise SecurityError("'%' formatting of text is not allowed in templates")
        if operator == "**" and isinstance(right, int | float) and abs(right) > 64:
            raise TemplateTooBig("it raises a number to a huge power")
        if operator == "*" and isinstance(left, int) and isinstance(right, str | list | tuple):
            left, right = right, left
        if operator == "*" and isinstance(left, str | list | tuple) and isinstance(right, int):
            _check_size(range(len(left) * max(right, 0)))
        return _check_size(super().call_binop(context, operator, left, right))

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        _tick()
        if _is_format_method(__obj):
            raise SecurityError("text .format() is not allowed in templates")
        for value in (*args, *kwargs.values()):
            _check_size(value)
        return _check_size(super().call(__context, __obj, *args, **kwargs))

    def getattr(self, obj: Any, attribute: str) -> Any:
        _tick()
        if attribute in _FORMAT_ATTRS and isinstance(obj, str):
            raise SecurityError(f"text .{attribute}() is not allowed in templates")
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        _tick()
        if argument in _FORMAT_ATTRS and isinstance(obj, str):
            raise SecurityError(f"text .{argument}() is not allowed in templates")
        return super().getitem(obj, argument)


def _bounded_filter(name: str, original: Any) -> Any:
    """``original`` with its numbers capped and its result's size checked before it is built."""
    skip = 1 if getattr(original, "jinja_pass_arg", None) is not None else 0

    @functools.wraps(original)
    def run(*args: Any, **kwargs: Any) -> Any:
        _tick()
        head, rest = args[:skip], list(args[skip:])
        numbers = [v for v in (*rest[1:], *kwargs.values()) if isinstance(v, int | float)]
        if any(abs(n) > 1_000 for n in numbers):
            raise TemplateTooBig(f"the {name} filter was given a number above 1,000")
        if name == "replace" and len(rest) >= 3:
            text, old, new = (str(a) for a in rest[:3])
            count = text.count(old) if old else len(text) + 1
            _check_size(range(len(text) + count * max(len(new) - len(old), 0)))
        if name == "join" and rest:
            rest[0] = items = list(_loop(rest[0]))
            separator = str(rest[1]) if len(rest) > 1 else str(kwargs.get("d", ""))
            if "attribute" not in kwargs:
                _check_size(range(sum(len(str(i)) for i in items) + len(separator) * len(items)))
        return _check_size(original(*head, *rest, **kwargs))

    return run


#: Filters a message never needs and that reach internals, format text or grow without bound.
REFUSED_FILTERS = frozenset(
    {"attr", "format", "pprint", "xmlattr", "tojson", "urlize", "random", "batch", "slice"}
)
_BOUNDED_FILTERS = ("replace", "join", "center", "indent", "wordwrap", "truncate", "round")


def _make_environment() -> _Environment:
    env = _Environment(
        undefined=_Undefined,
        autoescape=False,
        trim_blocks=False,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        auto_reload=False,
        cache_size=0,
    )
    for name in REFUSED_FILTERS:
        env.filters.pop(name, None)
    for name in _BOUNDED_FILTERS:
        env.filters[name] = _bounded_filter(name, env.filters[name])
    for name, compose in COMPOSE_FILTERS.items():  # fitting notes into sentences
        env.filters[name] = _bounded_filter(name, compose)
    env.globals.clear()
    env.globals.update(range=_bounded_range, dict=dict, cycler=Cycler, fill=fill, _fd_loop=_loop)
    return env


ENV = _make_environment()


# --- refusing before running ----------------------------------------------------------------


def _refusal(node: nodes.Node) -> str | None:
    """Why ``node`` may not run, or None."""
    if isinstance(node, nodes.Name) and node.name.startswith("_"):
        return f"it uses the name '{node.name}' (names starting with _ reach Python internals)"
    if isinstance(node, nodes.Getattr) and (
        node.attr.startswith("_") or node.attr in _FORMAT_ATTRS
    ):
        return f"it reaches for '.{node.attr}', which could escape the sandbox"
    if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
        key = node.arg.value
        if isinstance(key, str) and _reaches_in(key):
            return f"it reaches for [{key!r}], which could escape the sandbox"
    if isinstance(node, nodes.Const) and isinstance(node.value, str) and "__" in node.value:
        return f"it contains the text {node.value[:40]!r} (double underscores reach internals)"
    if isinstance(node, nodes.Filter | nodes.Test) and node.name in REFUSED_FILTERS:
        return f"it uses the '{node.name}' filter, which is not allowed in templates"
    if isinstance(node, nodes.Mod) and _is_text(node.left):
        return "it formats text with '%', which is not allowed in templates"
    if isinstance(node, nodes.Include | nodes.Import | nodes.FromImport | nodes.Extends):
        return "it includes another file; templates must stand alone"
    if isinstance(node, nodes.Macro) and node.name.startswith("_"):
        return f"it defines '{node.name}' (names starting with _ are not allowed)"
    return None


def _reaches_in(name: str) -> bool:
    return name.startswith("_") or name in _FORMAT_ATTRS


def _is_text(node: nodes.Node) -> bool:
    return isinstance(node, nodes.Concat) or (
        isinstance(node, nodes.Const) and isinstance(node.value, str)
    )


def _refuse_unsafe(tree: nodes.Template) -> None:
    for node in tree.find_all(nodes.Node):
        why = _refusal(node)
        if why:
            raise TemplateRefused(f"refused, not run: {why}", line=node.lineno)


def _wrap_loops(tree: nodes.Template) -> None:
    for loop in tree.find_all(nodes.For):
        loop.iter = nodes.Call(
            nodes.Name("_fd_loop", "load", lineno=loop.lineno),
            [loop.iter],
            [],
            None,
            None,
            lineno=loop.lineno,
        )


@functools.lru_cache(maxsize=128)
def compile_template(source: str) -> Any:
    """Parse, vet and compile ``source``; a TemplateProblem (line 1 = the part's first line)."""
    if len(source) > MAX_SOURCE:
        raise TemplateTooBig(f"the template is longer than {MAX_SOURCE:,} characters")
    try:
        tree = ENV.parse(source)
        _refuse_unsafe(tree)
        _wrap_loops(tree)
        return ENV.from_string(tree)
    except TemplateProblem:
        raise
    except TemplateSyntaxError as exc:
        raise TemplateSyntaxProblem(_syntax_words(exc), line=exc.lineno) from None
    except (RecursionError, MemoryError):
        raise TemplateTooBig("it nests too deeply to read") from None
    except Exception as exc:  # the compiler choked on something odd: still one sentence
        raise TemplateSyntaxProblem(f"cannot be read ({exc.__class__.__name__})") from None


def _syntax_words(exc: TemplateSyntaxError) -> str:
    text = (exc.message or "syntax error").strip().rstrip(".")
    return text[0].lower() + text[1:] if text else "syntax error"


def _template_line(tb: Any) -> int | None:
    line = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == TEMPLATE_FILE:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def render(source: str, context: dict[str, Any], *, seconds: float = MAX_SECONDS) -> str:
    """``source`` rendered with ``context``, within every limit; else a TemplateProblem."""
    template = compile_template(source)
    token = _BUDGET.set(_Budget(seconds))
    parts: list[str] = []
    size = 0
    try:
        for chunk in template.generate(context):
            size += len(chunk)
            if size > MAX_OUTPUT:
                raise TemplateTooBig(f"the output is longer than {MAX_OUTPUT:,} characters")
            parts.append(chunk)
    except TemplateProblem as exc:
        if exc.line is None:
            exc.line = _template_line(exc.__traceback__)
        raise exc.with_traceback(None) from None
    except SecurityError as exc:
        raise TemplateRefused(f"refused: {exc}", line=_template_line(exc.__traceback__)) from None
    except (RecursionError, MemoryError):
        raise TemplateTooBig("it calls itself too deeply") from None
    except Exception as exc:  # UndefinedError, TypeError, ZeroDivisionError...
        line = _template_line(exc.__traceback__)
        raise TemplateRuntimeProblem(_runtime_words(exc), line=line) from None
    finally:
        _BUDGET.reset(token)
    return "".join(parts)


def _runtime_words(exc: Exception) -> str:
    text = str(exc).strip().rstrip(".") or exc.__class__.__name__
    if exc.__class__.__name__ == "UndefinedError":
        return text
    return f"{exc.__class__.__name__}: {text}"[:200]
