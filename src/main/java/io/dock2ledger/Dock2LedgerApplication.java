package io.dock2ledger;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class Dock2LedgerApplication {

    public static void main(String[] args) {
        SpringApplication.run(Dock2LedgerApplication.class, args);
    }
}
