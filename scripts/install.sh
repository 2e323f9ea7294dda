#!/usr/bin/env bash
# Install policyhub exactly as CI tests it: the system packages it needs, then a virtual environment (.venv) built
# from uv.lock. `--dev` adds the test tools. Safe to run again: it installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
UV_VERSION=0.13.8
export UV_PYTHON_DOWNLOADS=never  # use this machine's Python (≥ 3.11), never a downloaded one

# Chinese text in pages, charts and PDFs needs a CJK font; PDFs need pango; the browser tests need chromium.
need=()
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || need+=(fonts-noto-cjk)
ldconfig -p | grep -q libpangoft2-1.0 || need+=(libpango-1.0-0 libpangoft2-1.0-0)
if [ "${1:-}" = "--dev" ]; then [ -x /usr/bin/chromium ] || need+=(chromium); fi
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "安装系统软件包 installing system packages: ${need[*]}" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "warning: please install ${need[*]} (Debian/Ubuntu: sudo apt-get install ${need[*]})" >&2
  fi
fi

if ! command -v uv >/dev/null || [ "$(uv --version | cut -d' ' -f2)" != "$UV_VERSION" ]; then
  python3 -m pip install -q --disable-pip-version-check "uv==$UV_VERSION"
fi
if [ "${1:-}" = "--dev" ]; then
  uv sync --frozen --extra dev
else
  uv sync --frozen
fi
echo "已安装 installed: $(pwd)/.venv (activate with: source .venv/bin/activate)" >&2
