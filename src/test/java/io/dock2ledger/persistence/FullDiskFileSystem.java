package io.dock2ledger.persistence;

import org.h2.store.fs.FileBase;
import org.h2.store.fs.FilePath;
import org.h2.store.fs.FilePathWrapper;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A disk that can be filled up, for H2 in-process: H2's file system prefix {@code fulldisk:} in front of a database
 * path ({@code jdbc:h2:fulldisk:/tmp/x/hub}) writes to the real file until {@link #fill()}, then every write fails as
 * the kernel's ENOSPC does ({@code IOException: No space left on device}), until {@link #free()}. So H2 meets a full
 * disk the way it does in production and in the fault-injection suite's disk-full scenario (a real tmpfs): it closes
 * the whole database on the failed write, leaving its sessions open. {@code SHUTDOWN IMMEDIATELY} is no stand-in: it
 * closes the sessions too, which a full disk does not (JDBC's {@code isValid} answers differently). It also counts
 * each file's syncs ({@link #forces(String)}), which only the disk sees.
 */
public final class FullDiskFileSystem extends FilePathWrapper {

    private static final FullDiskFileSystem INSTANCE = new FullDiskFileSystem();
    private static volatile boolean full;
    private static final Map<String, AtomicLong> forces = new ConcurrentHashMap<>();

    /** Makes the {@code fulldisk:} prefix known to H2 (idempotent). */
    public static synchronized void register() {
        FilePath.register(INSTANCE);
    }

    public static void fill() {
        full = true;
    }

    public static void free() {
        full = false;
    }

    /** How many times the file whose name ends with {@code fileName} was forced to this disk ({@code fsync}). */
    public static long forces(String fileName) {
        return forces.entrySet().stream().filter(e -> e.getKey().endsWith(fileName))
                .mapToLong(e -> e.getValue().get()).sum();
    }

    @Override
    public String getScheme() {
        return "fulldisk";
    }

    @Override
    public FileChannel open(String mode) throws IOException {
        return new Channel(super.open(mode), forces.computeIfAbsent(toString(), n -> new AtomicLong()));
    }

    private static void failIfFull() throws IOException {
        if (full) {
            throw new IOException("No space left on device");
        }
    }

    /** The real file's channel; writes, growth and syncs fail while the disk is full. */
    private static final class Channel extends FileBase {
        private final FileChannel file;
        private final AtomicLong forced;

        Channel(FileChannel file, AtomicLong forced) {
            this.file = file;
            this.forced = forced;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return file.read(dst);
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            return file.read(dst, position);
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            failIfFull();
            return file.write(src);
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            failIfFull();
            return file.write(src, position);
        }

        @Override
        public long position() throws IOException {
            return file.position();
        }

        @Override
        public FileChannel position(long newPosition) throws IOException {
            file.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return file.size();
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            file.truncate(size);
            return this;
        }

        @Override
        public void force(boolean metaData) throws IOException {
            failIfFull();
            file.force(metaData);
            forced.incrementAndGet();
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return file.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            file.close();
        }
    }
}
