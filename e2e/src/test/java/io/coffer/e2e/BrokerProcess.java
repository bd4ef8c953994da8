package io.coffer.e2e;

import io.coffer.testsupport.FreePorts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.Uuid;

/**
 * A single-node KRaft broker in a process of its own (the Kafka jars on the tests' class path), so a test can kill it
 * as a crash would and start it again on the same port and data, as deploy/local runs Kafka.
 */
final class BrokerProcess implements AutoCloseable {

    private final Path directory;
    private final int port;
    private final int controllerPort;
    private Process process;

    BrokerProcess(Path directory) throws IOException, InterruptedException {
        this.directory = directory.toAbsolutePath();
        this.port = FreePorts.next();
        this.controllerPort = FreePorts.next();
        CofferStack.deleteTree(this.directory);
        Files.createDirectories(this.directory);
        Files.writeString(properties(), String.join("\n",
                "process.roles=broker,controller", "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port, "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT", "num.partitions=3",
                "auto.create.topics.enable=true", "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=3", "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1", "group.initial.rebalance.delay.ms=0",
                "log.dirs=" + this.directory.resolve("data"), ""));
        Process format = java("kafka.tools.StorageTool", "format", "-t", Uuid.randomUuid().toString(), "-c",
                properties().toString());
        if (!format.waitFor(120, TimeUnit.SECONDS) || format.exitValue() != 0) {
            throw new IllegalStateException("could not format the broker's storage; see " + log());
        }
    }

    String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** Starts the broker and waits until it accepts connections. */
    BrokerProcess start() throws IOException, InterruptedException {
        process = java("kafka.Kafka", properties().toString());
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the broker exited; see " + log());
            }
            try (java.net.Socket probe = new java.net.Socket("127.0.0.1", port)) {
                return this;
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("the broker did not open port " + port + "; see " + log());
    }

    /** SIGKILL, as a crash would. */
    void kill() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor();
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    private Path properties() {
        return directory.resolve("server.properties");
    }

    private Path log() {
        return Path.of("target", "e2e-logs", "kafka.log").toAbsolutePath();
    }

    private Process java(String main, String... arguments) throws IOException {
        Files.createDirectories(log().getParent());
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-cp", System.getProperty("java.class.path"), main));
        command.addAll(List.of(arguments));
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile())).start();
    }
}
