package io.dock2ledger.intake.sftp;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Drives the real OpenSSH binaries (ssh-keygen, sftp, ssh) the way a partner would, from a scratch folder. */
final class OpenSshClient {

    static final Path SFTP = Path.of("/usr/bin/sftp");
    static final Path SSH = Path.of("/usr/bin/ssh");
    static final Path SSH_KEYGEN = Path.of("/usr/bin/ssh-keygen");

    private final Path workDir;
    private final Path knownHosts;

    OpenSshClient(Path workDir, Path knownHosts) {
        this.workDir = workDir;
        this.knownHosts = knownHosts;
    }

    static void assumeInstalled() {
        Assumptions.assumeTrue(Files.isExecutable(SFTP) && Files.isExecutable(SSH) && Files.isExecutable(SSH_KEYGEN),
                "OpenSSH client (sftp, ssh, ssh-keygen) is not installed: apt-get install openssh-client");
    }

    /** Generates an ed25519 key pair without passphrase; returns the private key file (public key is {@code .pub}). */
    Path newKey(String name) throws IOException {
        Path key = workDir.resolve(name);
        Result result = run(List.of(SSH_KEYGEN.toString(), "-q", "-t", "ed25519", "-N", "", "-C", name,
                "-f", key.toString()));
        if (result.exitCode() != 0) {
            throw new IllegalStateException("ssh-keygen failed: " + result.output());
        }
        return key;
    }

    /**
     * Runs the key generation the partner docs show, {@code ssh-keygen -t ed25519 -C comment -f file}, without a
     * passphrase (a test cannot type one).
     */
    Result keygen(String file, String comment) throws IOException {
        return run(List.of(SSH_KEYGEN.toString(), "-q", "-t", "ed25519", "-N", "", "-C", comment,
                "-f", workDir.resolve(file).toString()));
    }

    static String publicKeyOf(Path privateKey) throws IOException {
        return Files.readString(Path.of(privateKey + ".pub")).strip();
    }

    /** Runs {@code sftp -b} with the given batch commands as {@code user}, authenticating with {@code key}. */
    Result sftp(String user, Path key, int port, String... commands) throws IOException {
        Path batch = Files.createTempFile(workDir, "batch", ".txt");
        Files.write(batch, List.of(commands), StandardCharsets.UTF_8);
        List<String> command = new ArrayList<>(List.of(SFTP.toString(), "-b", batch.toString(), "-P",
                String.valueOf(port)));
        command.addAll(options(key));
        command.add(user + "@127.0.0.1");
        return run(command);
    }

    /** Runs {@code ssh} as {@code user}, with extra arguments after the destination (a remote command). */
    Result ssh(String user, Path key, int port, List<String> optionsBefore, String... remoteCommand)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(SSH.toString(), "-p", String.valueOf(port)));
        command.addAll(options(key));
        command.addAll(optionsBefore);
        command.add(user + "@127.0.0.1");
        command.addAll(List.of(remoteCommand));
        return run(command);
    }

    private List<String> options(Path key) {
        return List.of(
                "-F", "/dev/null", // no user or system ssh_config
                "-i", key.toString(),
                "-o", "IdentitiesOnly=yes",
                "-o", "IdentityAgent=none",
                "-o", "BatchMode=yes",
                "-o", "StrictHostKeyChecking=yes",
                "-o", "UserKnownHostsFile=" + knownHosts,
                "-o", "GlobalKnownHostsFile=/dev/null",
                "-o", "ConnectTimeout=10");
    }

    private Result run(List<String> command) throws IOException {
        Path output = Files.createTempFile(workDir, "out", ".txt");
        Process process = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .start();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("Timed out: " + command);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted: " + command, e);
        }
        return new Result(process.exitValue(), Files.readString(output));
    }

    record Result(int exitCode, String output) {

        /** Output lines without the commands that sftp echoes in batch mode. */
        List<String> listing() {
            return output.lines().filter(line -> !line.startsWith("sftp>")).map(String::strip)
                    .filter(line -> !line.isEmpty()).toList();
        }
    }
}
