package dev.parley.storage;

/** The repository contract on a real PostgreSQL server, each test in a fresh schema. */
class PostgresRepositoryTest extends RepositoryContractTest {

    @Override
    Database.Settings newDatabase() {
        return TestDatabases.freshPostgresSchema();
    }
}
