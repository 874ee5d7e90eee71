package io.dock2ledger.intake;

/**
 * The hub is stopping (SIGTERM: a deploy, a restart) while a file is read: {@link IntakeChunks} ends the file at the
 * chunk it has just committed, instead of reading on until the shutdown's timeout cuts it off with its database and
 * broker closing under it. Everything queued so far is committed; the file stays in the inbox and is read again at the
 * next start, where its documents already queued are known by their event ids. A {@link FileTransactionLost}, so the
 * intake's error handling does not retry it; logged as what it is, a stop asked for, not as a failure.
 */
public class FileStoppedByShutdown extends FileTransactionLost {

    public FileStoppedByShutdown(String reason) {
        super(reason);
    }
}
