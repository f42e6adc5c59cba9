package dev.parley.storage;

import dev.parley.storage.jdbc.JdbcApplicationRepository;
import dev.parley.storage.jdbc.JdbcMeetingRepository;
import dev.parley.storage.jdbc.JdbcOfflineMessageRepository;
import dev.parley.storage.jdbc.JdbcPushCredentialsRepository;
import dev.parley.storage.jdbc.JdbcPushRepository;
import dev.parley.storage.jdbc.JdbcSessionRepository;
import dev.parley.storage.jdbc.JdbcUserRepository;

import java.time.Clock;

/** The repositories of one database. */
public record Storage(ApplicationRepository applications, UserRepository users, SessionRepository sessions,
                      OfflineMessageRepository offlineMessages, MeetingRepository meetings,
                      PushRepository push, PushCredentialsRepository pushCredentials) {

    public static Storage jdbc(Database database, Clock clock) {
        return new Storage(new JdbcApplicationRepository(database.dataSource(), clock),
                new JdbcUserRepository(database.dataSource()),
                new JdbcSessionRepository(database.dataSource()),
                new JdbcOfflineMessageRepository(database.dataSource()),
                new JdbcMeetingRepository(database.dataSource()),
                new JdbcPushRepository(database.dataSource()),
                new JdbcPushCredentialsRepository(database.dataSource()));
    }
}
