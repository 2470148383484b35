# Sourced (not run) by scripts/setup.sh and .ci/run: when setup.sh has installed a Node of its own
# into .tools/ (the machine's Node being older than package.json's engines.node), put it first on
# PATH and point node-gyp at its headers, so that npm, node-gyp (canvas) and every `node` of the
# run use it. Does nothing when .tools/bin/node is absent. Paths are relative to the repository.
_coopdec_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ -x "$_coopdec_root/.tools/bin/node" ]; then
  case ":$PATH:" in
    *":$_coopdec_root/.tools/bin:"*) ;;
    *) export PATH="$_coopdec_root/.tools/bin:$PATH" ;;
  esac
  # The node-linux-<arch> package ships include/node: node-gyp builds canvas against it offline
  # (no header download from nodejs.org).
  export npm_config_nodedir="$_coopdec_root/.tools/node"
fi
unset _coopdec_root
