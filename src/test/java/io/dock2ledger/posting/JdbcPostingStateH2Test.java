package io.dock2ledger.posting;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeAll;

import javax.sql.DataSource;

class JdbcPostingStateH2Test extends JdbcPostingStateContract {

    private static JdbcDataSource h2;

    @BeforeAll
    static void startDatabase() {
        h2 = new JdbcDataSource();
        // DB_CLOSE_DELAY keeps the in-memory database between connections for the whole class
        h2.setURL("jdbc:h2:mem:posting_state;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1");
        h2.setUser("sa");
        migrate(h2);
    }

    @Override
    protected DataSource dataSource() {
        return h2;
    }
}
