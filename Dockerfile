# The SemStream roles as one image; docker-compose.yml starts one container per role.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -q -B -DskipTests -pl cli -am package

FROM eclipse-temurin:17-jre
WORKDIR /app
COPY --from=build /src/cli/target/semstream.jar /app/semstream.jar
ENV JAVA_TOOL_OPTIONS="-Dai.djl.offline=true"
# Keep freed tensor buffers with the allocator (see the semstream launcher).
ENV GLIBC_TUNABLES="glibc.malloc.mmap_threshold=268435456:glibc.malloc.trim_threshold=1073741824"
ENTRYPOINT ["java", "-jar", "/app/semstream.jar"]
