# syntax=docker/dockerfile:1
# The ShipStation source on Airbyte's Python connector base image.
#
#   docker build -t airbyte/source-shipstation:dev .
#   docker run --rm airbyte/source-shipstation:dev spec
#
# BASE_IMAGE may be swapped for any Debian-like image with python3 and its venv module (see
# scripts/image_test.sh, which builds a local stand-in where no registry is reachable).
ARG BASE_IMAGE=docker.io/airbyte/python-connector-base:4.0.2@sha256:9fdb1888c4264cf6fee473649ecb593f56f58e5d0096a87ee0b231777e2e3e73

FROM ${BASE_IMAGE} AS builder
WORKDIR /airbyte/integration_code
COPY pyproject.toml README.md ./
COPY source_shipstation ./source_shipstation
# Trust the system CA bundle rather than pip's own, so a build behind an intercepting proxy can mount
# the proxy's bundle over it.
RUN if [ -f /etc/ssl/certs/ca-certificates.crt ]; then export PIP_CERT=/etc/ssl/certs/ca-certificates.crt; fi \
    && python3 -m venv /airbyte/venv \
    && /airbyte/venv/bin/pip install --no-cache-dir --disable-pip-version-check . \
    && /airbyte/venv/bin/pip uninstall --yes pip setuptools wheel

FROM ${BASE_IMAGE}
# Airbyte's base image has the user already; a plain Debian stand-in does not.
RUN if ! id -u airbyte >/dev/null 2>&1; then \
        groupadd --gid 1000 airbyte && useradd --uid 1000 --gid 1000 --create-home airbyte; \
    fi
COPY --from=builder /airbyte/venv /airbyte/venv
WORKDIR /airbyte/integration_code
ENV PATH="/airbyte/venv/bin:${PATH}" \
    PYTHONDONTWRITEBYTECODE=1 \
    AIRBYTE_ENTRYPOINT="/airbyte/venv/bin/source-shipstation"
# Numeric, so that runtimes enforcing runAsNonRoot can verify it.
USER 1000:1000
ENTRYPOINT ["/airbyte/venv/bin/source-shipstation"]
LABEL io.airbyte.name=airbyte/source-shipstation \
      io.airbyte.version=0.1.0
