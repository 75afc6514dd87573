# syntax=docker/dockerfile:1
# Build: docker build -t s3-credentials .
# Run:   docker run --rm -v "$HOME/.aws:/home/nonroot/.aws:ro" s3-credentials whoami
#    or: docker run --rm -e AWS_ACCESS_KEY_ID -e AWS_SECRET_ACCESS_KEY -e AWS_REGION s3-credentials ...

FROM denoland/deno:2.9.6 AS build
WORKDIR /src
COPY deno.json deno.lock ./
RUN deno install --frozen
COPY main.ts ./
COPY lib ./lib
COPY scripts/compile.ts scripts/permissions.ts ./scripts/
# The executable for the platform being built, with the permissions of scripts/permissions.ts.
RUN deno run -A scripts/compile.ts native

# deno compile executables need glibc; distroless cc has it and nothing else.
FROM gcr.io/distroless/cc-debian12:nonroot
COPY --from=build /src/dist/s3-credentials /usr/local/bin/s3-credentials
USER nonroot
ENTRYPOINT ["s3-credentials"]
