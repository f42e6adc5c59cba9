package dev.parley.storage;

/** The repository contract on the embedded H2 file database (the default set-up). */
class H2RepositoryTest extends RepositoryContractTest {

    @Override
    Database.Settings newDatabase() {
        return TestDatabases.h2();
    }
}
