# Two stages: the Go toolchain builds a static binary (pure-Go SQLite, so
# CGO_ENABLED=0 works), and the runtime image holds only that binary, CA
# certificates and an empty /data owned by the non-root user: no shell, no
# package manager. Time zones are embedded in the binary (time/tzdata).
#
#   make docker                     # docker build, with VERSION from `git describe`
#   docker build --build-arg VERSION=$(git describe --tags --always --dirty) -t briefbot .
#   docker run -it --rm -e BRIEFBOT_CONSOLE=on briefbot          # offline demo (throwaway data)
#   docker run -d --env-file briefbot.env -v briefbot-data:/data \
#     -v $PWD/briefbot.yaml:/etc/briefbot.yaml:ro -e BRIEFBOT_CONFIG=/etc/briefbot.yaml briefbot

# The build image is pinned by digest (the multi-architecture index of
# golang:1.26), so a rebuild uses the same toolchain until someone moves the
# pin on purpose; the tag beside it is for people. The runtime stage is
# `scratch`, which is no image at all and so has nothing to pin.
FROM golang:1.26@sha256:3aff6657219a4d9c14e27fb1d8976c49c29fddb70ba835014f477e1c70636647 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
# VERSION is what `briefbot version` prints; make docker passes `git describe`.
ARG VERSION=dev
RUN CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X main.version=${VERSION}" -o /out/briefbot ./cmd/briefbot \
 && mkdir -p /out/data /out/tmp && chmod 1777 /out/tmp

FROM scratch
COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
COPY --from=build /out/briefbot /briefbot
COPY --from=build --chown=65532:65532 /out/data /data
COPY --from=build /out/tmp /tmp
USER 65532:65532
ENV BRIEFBOT_DB=/data/briefbot.db \
    BRIEFBOT_HTTP_ADDR=:8080 \
    BRIEFBOT_CONSOLE=off
VOLUME ["/data"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s CMD ["/briefbot", "healthcheck"]
ENTRYPOINT ["/briefbot"]
CMD ["run"]
