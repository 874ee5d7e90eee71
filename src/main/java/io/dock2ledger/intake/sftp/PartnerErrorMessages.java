package io.dock2ledger.intake.sftp;

import org.apache.sshd.sftp.server.SftpErrorStatusDataHandler;
import org.apache.sshd.sftp.server.SftpSubsystemEnvironment;

import java.nio.file.AccessDeniedException;

/**
 * The text of a refusal as the SFTP client gets it. sshd sends only the generic status text ("Permission denied"),
 * so a partner whose upload was refused for its name could not tell why; a refusal by {@link PartnerFolderRules}
 * carries its rule instead ({@code Permission denied: file name refused: the file name contains a backslash ...}).
 * Clients that show the server's message (WinSCP, FileZilla, sshd, JSch) print it; OpenSSH's sftp prints only the
 * status.
 */
final class PartnerErrorMessages implements SftpErrorStatusDataHandler {

    @Override
    public String resolveErrorMessage(SftpSubsystemEnvironment sftpSubsystem, int id, Throwable e, int subStatus,
                                      int cmd, Object... args) {
        String generic = SftpErrorStatusDataHandler.super.resolveErrorMessage(sftpSubsystem, id, e, subStatus, cmd,
                args);
        if (e instanceof AccessDeniedException denied && denied.getReason() != null) {
            return generic + ": " + denied.getReason();
        }
        return generic;
    }
}
