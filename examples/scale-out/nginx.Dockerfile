# nginx from Debian's package, on the base the mock is built on (nothing more to pull). Anywhere
# Docker Hub is reachable, the official nginx image with this nginx.conf mounted does the same.
FROM node:24-bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends nginx \
 && rm -rf /var/lib/apt/lists/*
COPY nginx.conf /etc/nginx/nginx.conf
EXPOSE 4010
STOPSIGNAL SIGQUIT
CMD ["nginx", "-g", "daemon off;"]
