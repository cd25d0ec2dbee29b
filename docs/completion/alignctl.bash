# bash completion for alignctl. Subcommands and options are read from the
# binary's own --help, so completion follows the installed version.
_alignctl() {
  local cur=${COMP_WORDS[COMP_CWORD]}
  local prev=${COMP_WORDS[COMP_CWORD-1]}
  if [[ $COMP_CWORD -eq 1 ]]; then
    local subs
    subs=$(alignctl --help 2>/dev/null | awk '/^Subcommands:/{f=1;next} f&&NF{print $1}')
    COMPREPLY=($(compgen -W "$subs --help --version" -- "$cur"))
    return
  fi
  local sub=${COMP_WORDS[1]}
  if [[ $cur == -* ]]; then
    local opts
    opts=$(alignctl "$sub" --help 2>/dev/null | grep -oE -- '--[a-z][a-z0-9-]*' | sort -u)
    COMPREPLY=($(compgen -W "$opts" -- "$cur"))
    return
  fi
  case $prev in
    --format) COMPREPLY=($(compgen -W "text markdown json" -- "$cur")); return ;;
    --auth) COMPREPLY=($(compgen -W "bearer basic" -- "$cur")); return ;;
    --source) COMPREPLY=($(compgen -W "ldap entra csv ldif" -- "$cur")); return ;;
    --guests) COMPREPLY=($(compgen -W "exclude include" -- "$cur")); return ;;
    --missing-email) COMPREPLY=($(compgen -W "warn error" -- "$cur")); return ;;
  esac
  COMPREPLY=($(compgen -f -- "$cur"))
}
complete -o filenames -F _alignctl alignctl
