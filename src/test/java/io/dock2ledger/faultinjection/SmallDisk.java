package io.dock2ledger.faultinjection;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A small file system of its own for a disk-full scenario: a tmpfs ({@code mount -t tmpfs -o size=<n>m}, needs root)
 * that a ballast file fills to the last byte, as a runaway log would, and that is emptied again by deleting it.
 * If the machine forbids the mount the scenario fails and says so (no simulated disk-full).
 */
final class SmallDisk implements AutoCloseable {

    final Path mount;
    private final Path ballast;

    private SmallDisk(Path mount) {
        this.mount = mount;
        this.ballast = mount.resolve("ballast");
    }

    static SmallDisk mount(Path directory, int sizeMb) throws IOException, InterruptedException {
        Path mount = Files.createDirectories(directory);
        String mounted = run("mount", "-t", "tmpfs", "-o", "size=" + sizeMb + "m", "tmpfs", mount.toString());
        assertThat(mounted).as("mount -t tmpfs (root and mount permission needed for the disk-full scenario)").isEmpty();
        return new SmallDisk(mount);
    }

    /** Writes 1 MiB blocks, then 4 KiB ones, until the kernel answers ENOSPC; returns the bytes written. */
    long fill() throws IOException {
        byte[] block = new byte[1024 * 1024];
        long written = 0;
        try (OutputStream out = Files.newOutputStream(ballast)) {
            while (true) {
                out.write(block);
                written += block.length;
            }
        } catch (IOException noSpace) {
            if (!String.valueOf(noSpace.getMessage()).contains("No space left")) {
                throw noSpace;
            }
        }
        try (OutputStream out = Files.newOutputStream(ballast, StandardOpenOption.APPEND)) {
            while (true) {
                out.write(block, 0, 4096);
                written += 4096;
            }
        } catch (IOException full) {
            return written;
        }
    }

    void free() throws IOException {
        Files.delete(ballast);
    }

    long usableBytes() {
        try {
            return Files.getFileStore(mount).getUsableSpace();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        String unmounted = run("umount", mount.toString());
        if (!unmounted.isEmpty()) {
            System.err.println("umount " + mount + ": " + unmounted + "; lazy unmount");
            run("umount", "-l", mount.toString());
        }
    }

    /** Runs a command; returns "" on success, else its exit code and output. */
    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return "timed out: " + String.join(" ", command);
        }
        String output = new String(p.getInputStream().readAllBytes());
        return p.exitValue() == 0 ? "" : "exit " + p.exitValue() + ": " + output.trim();
    }
}
