# syntax=docker/dockerfile:1
# The gateway image: docker compose up --build (see docker-compose.yml).

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Restore first, from the project files only, so that source edits reuse the cached packages.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/Gateway/Gateway.csproj src/Gateway/
COPY src/Gateway.Delivery/Gateway.Delivery.csproj src/Gateway.Delivery/
RUN dotnet restore src/Gateway/Gateway.csproj
COPY src/ src/
COPY schemas/ schemas/
RUN dotnet publish src/Gateway/Gateway.csproj -c Release -o /app --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
COPY --chmod=0755 deploy/docker/healthcheck.sh /app/healthcheck.sh
ENV Urls=http://0.0.0.0:8080 \
    DOTNET_gcServer=0 \
    ASPNETCORE_ENVIRONMENT=Production
EXPOSE 8080
# The non-root user that the .NET images create (uid 1654).
USER $APP_UID
HEALTHCHECK --interval=10s --timeout=3s --start-period=15s --retries=5 CMD ["/app/healthcheck.sh"]
ENTRYPOINT ["dotnet", "Gateway.dll"]
