package io.dock2ledger.faultinjection;

import java.util.List;

/**
 * Hub settings a scenario adds on top of the standard ones, so a configuration fix can be tried without a rebuild:
 * {@code -Dfault.hub.args="--a=b --c=d"} is appended to every hub life of every scenario. Empty by default: the
 * scenarios test the hub as configured in src/main/resources.
 */
final class HubSettings {

    private HubSettings() {
    }

    static List<String> extra() {
        return FaultWorkspace.wordsProperty("fault.hub.args", "");
    }
}
