package dev.parley.storage;

import dev.parley.storage.model.Application;

import java.util.List;
import java.util.Optional;

/** Applications (tenants). Implementations are thread-safe. */
public interface ApplicationRepository {

    Application create(String name, String authKey, String authSecret);

    Optional<Application> findById(long id);

    Optional<Application> findByAuthKey(String authKey);

    /** All applications, oldest first. */
    List<Application> findAll();
}
