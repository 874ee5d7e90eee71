package io.dock2ledger.posting.rules;

import java.nio.file.Path;
import java.util.List;

/** The posting-rules file cannot be used; the message lists every problem with its key and names the file. */
public class InvalidPostingRulesException extends IllegalStateException {

    private final transient List<String> problems;

    public InvalidPostingRulesException(Path file, List<String> problems) {
        super("Invalid posting rules in " + file + ":\n - " + String.join("\n - ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
