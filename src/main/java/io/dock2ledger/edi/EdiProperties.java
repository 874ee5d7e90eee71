package io.dock2ledger.edi;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * {@code dock2ledger.edi.*}.
 *
 * @param duplicateWindow an interchange with the sender and control number of one received within this window is a
 *                        duplicate
 * @param identity        the hub's own X12 identity
 */
@ConfigurationProperties(prefix = "dock2ledger.edi")
public record EdiProperties(@DefaultValue("30d") Duration duplicateWindow, @DefaultValue Identity identity) {

    /**
     * The hub's X12 identity: ISA05/06 and GS02 of the 940s it sends; partners address their files to it.
     *
     * @param isaQualifier ISA05
     * @param isaId        ISA06
     * @param gsCode       GS02 (blank: none configured)
     */
    public record Identity(@DefaultValue("ZZ") String isaQualifier, @DefaultValue("DOCKSIDE") String isaId,
                           String gsCode) {

        public Identity {
            gsCode = gsCode == null ? "" : gsCode;
        }
    }
}
