"""`goide completion bash|zsh|fish`: print a shell completion script for every command and flag.

The script carries a static table built from goide's own argument parsers (every command's
module is configured, which only this command does), so completing never starts Python.
"""

from __future__ import annotations

import argparse
import importlib
import sys

SHELLS = ("bash", "zsh", "fish")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("shell", choices=SHELLS, help="the shell to print the completion script for")
    parser.epilog = (
        "bash: goide completion bash > ~/.local/share/bash-completion/completions/goide; "
        "zsh: goide completion zsh > ~/.zfunc/_goide (with fpath+=~/.zfunc before compinit in ~/.zshrc); "
        "fish: goide completion fish > ~/.config/fish/completions/goide.fish"
    )


def run(args: argparse.Namespace) -> int:
    table = command_table()
    render = {"bash": bash_script, "zsh": zsh_script, "fish": fish_script}[args.shell]
    sys.stdout.write(render(table))
    return 0


Table = dict[str, tuple[list[str], list[str]]]  # "bench compare" -> (subcommands, flags)


def command_table() -> Table:
    """Every command path with its subcommands and flags, read from goide's real parsers."""
    from goide.cli.commands import COMMANDS

    table: Table = {"": (list(COMMANDS), ["--help", "--version"])}
    for name, (module_name, _summary) in COMMANDS.items():
        parser = argparse.ArgumentParser(prog=f"goide {name}", add_help=True)
        if name == "completion":
            configure(parser)
        else:
            importlib.import_module(module_name).configure(parser)
        _walk(parser, name, table)
    return table


def _walk(parser: argparse.ArgumentParser, path: str, table: Table) -> None:
    from goide.cli.parser import subcommands

    children = subcommands(parser)
    for sub_name, sub_parser in children.items():
        _walk(sub_parser, f"{path} {sub_name}", table)
    subs = list(children)
    flags: list[str] = []
    for action in parser._actions:
        if action.option_strings:
            flags.extend(o for o in action.option_strings if o.startswith("--") or len(o) == 2)
        elif action.choices and not children and not isinstance(action.choices, dict):
            subs.extend(str(c) for c in action.choices)  # a positional with fixed values: bash|zsh|fish
    table[path] = (subs, sorted(set(flags)))


def _case_arms(table: Table, pick: int, arm: str) -> str:
    lines = []
    for path in sorted(table):
        words = table[path][pick]
        if words:
            lines.append(arm.format(path=path, words=" ".join(words)))
    return "\n".join(lines)


def _sh_tables(table: Table, emit: str) -> str:
    """`_goide_subs PATH` and `_goide_flags PATH` as case statements (bash and zsh read the same)."""
    subs = _case_arms(table, 0, f'    "{{path}}") {emit} "{{words}}" ;;')
    flags = _case_arms(table, 1, f'    "{{path}}") {emit} "{{words}}" ;;')
    return f"""_goide_subs() {{
  case "$1" in
{subs}
  esac
}}
_goide_flags() {{
  case "$1" in
{flags}
  esac
}}
"""


def bash_script(table: Table) -> str:
    return f"""# goide completion for bash (goide completion bash)
{_sh_tables(table, "echo")}_goide() {{
  local cur word i cmdpath=""
  cur="${{COMP_WORDS[COMP_CWORD]}}"
  for ((i = 1; i < COMP_CWORD; i++)); do
    word="${{COMP_WORDS[i]}}"
    case "$word" in -*) continue ;; esac
    case " $(_goide_subs "$cmdpath") " in
      *" $word "*) cmdpath="${{cmdpath:+$cmdpath }}$word" ;;
    esac
  done
  local subs
  subs="$(_goide_subs "$cmdpath")"
  if [[ "$cur" == -* ]]; then
    COMPREPLY=($(compgen -W "$(_goide_flags "$cmdpath")" -- "$cur"))
  elif [[ -n "$subs" ]]; then
    COMPREPLY=($(compgen -W "$subs" -- "$cur"))
  else
    COMPREPLY=($(compgen -f -- "$cur"))
  fi
}}
complete -o default -F _goide goide
"""


def zsh_script(table: Table) -> str:
    return f"""#compdef goide
# goide completion for zsh (goide completion zsh)
{_sh_tables(table, "print -r --")}_goide() {{
  local cmdpath="" word
  local -a subs flags
  for word in "${{(@)words[2,CURRENT-1]}}"; do
    [[ "$word" == -* ]] && continue
    subs=(${{=$(_goide_subs "$cmdpath")}})
    (( ${{subs[(Ie)$word]}} )) && cmdpath="${{cmdpath:+$cmdpath }}$word"
  done
  subs=(${{=$(_goide_subs "$cmdpath")}})
  flags=(${{=$(_goide_flags "$cmdpath")}})
  if [[ "$PREFIX" == -* ]]; then
    compadd -a flags
  elif (( ${{#subs}} )); then
    compadd -a subs
  else
    _files
  fi
}}
if [[ "$funcstack[1]" == _goide ]]; then
  _goide "$@"
else
  compdef _goide goide
fi
"""


def fish_script(table: Table) -> str:
    subs = _case_arms(table, 0, "        case '{path}'\n            printf '%s\\n' {words}")
    flags = _case_arms(table, 1, "        case '{path}'\n            printf '%s\\n' {words}")
    return f"""# goide completion for fish (goide completion fish)
function __goide_subs
    switch "$argv[1]"
{subs}
    end
end
function __goide_flags
    switch "$argv[1]"
{flags}
    end
end
function __goide_path
    set -l words (commandline -opc)
    set -e words[1]
    set -l cmdpath ''
    for word in $words
        string match -q -- '-*' $word; and continue
        if contains -- $word (__goide_subs "$cmdpath")
            set cmdpath (string trim -- "$cmdpath $word")
        end
    end
    echo $cmdpath
end
function __goide_words
    set -l cmdpath (__goide_path)
    if string match -q -- '-*' (commandline -ct)
        __goide_flags "$cmdpath"
    else
        __goide_subs "$cmdpath"
    end
end
function __goide_has_words
    string match -q -- '-*' (commandline -ct); and return 0
    set -l subs (__goide_subs (__goide_path))
    test -n "$subs"
end
complete -c goide -n __goide_has_words -f -a '(__goide_words)'
"""
