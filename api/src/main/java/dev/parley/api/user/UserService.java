package dev.parley.api.user;

import dev.parley.api.http.ApiException;
import dev.parley.api.http.Params;
import dev.parley.api.session.Auth;
import dev.parley.api.session.PasswordHasher;
import dev.parley.common.identity.IdentityEvents;
import dev.parley.common.identity.OnlineUsers;
import dev.parley.storage.DuplicateUserException;
import dev.parley.storage.UserRepository;
import dev.parley.storage.model.User;
import dev.parley.storage.model.UserField;
import dev.parley.storage.model.UserQuery;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Users of the caller's application (docs/protocol.md section 2.2): sign-up, look-ups, lists, and a user's
 * changes to themself. Every query is scoped to {@code auth.applicationId()}. Methods block; they run on
 * worker threads. Thread-safe.
 */
public final class UserService {

    private final UserRepository users;
    private final PasswordHasher hasher;
    private final UserInput input;
    private final UserListQuery lists;
    private final Clock clock;
    private final IdentityEvents events;
    private final OnlineUsers online;
    private final int maxPageSize;

    public UserService(UserRepository users, PasswordHasher hasher, UserInput input, UserListQuery lists, Clock clock,
                       IdentityEvents events, OnlineUsers online, int maxPageSize) {
        this.events = events;
        this.online = online;
        this.maxPageSize = maxPageSize;
        this.users = users;
        this.hasher = hasher;
        this.input = input;
        this.lists = lists;
        this.clock = clock;
    }

    /** {@code POST /users}: a new user with login or email, and password. */
    public User signUp(long applicationId, Params params) {
        Params user = params.object("user");
        UserInput.Result result = input.read(user, UserInput.emptyProfile());
        User.Profile profile = result.profile();
        if (profile.login() == null && profile.email() == null) {
            throw ApiException.invalid("base", "login or email is required");
        }
        String password = result.password()
                .orElseThrow(() -> ApiException.invalid("password", "is required"));
        String hash = hasher.hash(password);
        try {
            return users.create(applicationId, profile, false, hash, now());
        } catch (DuplicateUserException e) {
            throw ApiException.invalid(e.field(), "has already been taken");
        }
    }

    public User byId(Auth auth, String id) {
        return users.findById(auth.applicationId(), parseId(id)).orElseThrow(UserService::notFound);
    }

    public User byLogin(Auth auth, Params params) {
        String login = params.string("login").filter(s -> !s.isBlank())
                .orElseThrow(() -> ApiException.invalid("login", "is required"));
        return users.findByLogin(auth.applicationId(), UserText.normalise(login)).orElseThrow(UserService::notFound);
    }

    public User byEmail(Auth auth, Params params) {
        String email = params.string("email").filter(s -> !s.isBlank())
                .orElseThrow(() -> ApiException.invalid("email", "is required"));
        return users.findByEmail(auth.applicationId(), UserText.normalise(email)).orElseThrow(UserService::notFound);
    }

    public User byPhone(Auth auth, Params params) {
        String phone = params.string("phone").filter(s -> !s.isBlank())
                .orElseThrow(() -> ApiException.invalid("phone", "is required"));
        return users.findByPhone(auth.applicationId(), phone.strip()).orElseThrow(UserService::notFound);
    }

    public User byExternalId(Auth auth, String externalId) {
        return users.findByExternalId(auth.applicationId(), parseId(externalId)).orElseThrow(UserService::notFound);
    }

    /** {@code GET /users}, and the v1-shaped searches {@code by_full_name} and {@code by_tags}. */
    public Map<String, Object> listV1(Auth auth, Params params, List<UserQuery.Condition> extra) {
        UserListQuery.V1 v1 = lists.v1(auth.applicationId(), params, extra);
        UserQuery.Page page = users.list(v1.query());
        Long viewer = viewerId(auth);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("current_page", v1.page());
        json.put("per_page", v1.perPage());
        json.put("total_entries", page.total());
        json.put("items", page.items().stream().map(u -> UserJson.wrapped(u, viewer)).toList());
        return json;
    }

    public Map<String, Object> byFullName(Auth auth, Params params) {
        String name = params.string("full_name").filter(s -> !s.isBlank())
                .orElseThrow(() -> ApiException.invalid("full_name", "is required"));
        return listV1(auth, params, List.of(UserListQuery.condition(UserField.FULL_NAME, UserQuery.Operator.CONTAINS,
                List.of(name), "full_name")));
    }

    public Map<String, Object> byTags(Auth auth, Params params) {
        List<String> tags = params.list("tags");
        if (tags.isEmpty()) {
            throw ApiException.invalid("tags", "is required");
        }
        return listV1(auth, params, List.of(UserListQuery.condition(UserField.USER_TAGS, UserQuery.Operator.IN, tags, "tags")));
    }

    /** {@code GET /users/v2}. */
    public Map<String, Object> listV2(Auth auth, Params params) {
        UserQuery query = lists.v2(auth.applicationId(), params);
        UserQuery.Page page = users.list(query);
        Long viewer = viewerId(auth);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("limit", query.limit());
        json.put("skip", query.offset());
        json.put("total_entries", page.total());
        json.put("items", page.items().stream().map(u -> UserJson.render(u, viewer)).toList());
        return json;
    }

    /**
     * {@code PUT /users/{id}}: only the session's own user. Changing the password needs {@code old_password}
     * (guests, who have none, may set one without it).
     */
    public User updateSelf(Auth auth, String id, Params params) {
        User self = requireSelf(auth, id);
        Params user = params.object("user");
        UserInput.Result result = input.read(user, self.profile());
        if (result.profile().login() == null && result.profile().email() == null) {
            throw ApiException.invalid("base", "login or email is required");
        }
        String newHash = null;
        if (result.password().isPresent()) {
            if (self.passwordHash() != null) {
                String old = user.string("old_password").orElse("");
                if (old.isEmpty()) {
                    throw ApiException.invalid("old_password", "is required to change the password");
                }
                if (!hasher.verify(old, self.passwordHash())) {
                    throw ApiException.invalid("old_password", "is incorrect");
                }
            }
            newHash = hasher.hash(result.password().get());
        }
        try {
            return users.update(auth.applicationId(), self.id(), result.profile(), newHash, now());
        } catch (DuplicateUserException e) {
            throw ApiException.invalid(e.field(), "has already been taken");
        }
    }

    /** {@code DELETE /users/{id}}: only the session's own user; its sessions go with it. */
    public void deleteSelf(Auth auth, String id) {
        User self = requireSelf(auth, id);
        users.delete(auth.applicationId(), self.id());
        events.userDeleted(auth.applicationId(), self.id());
    }

    /**
     * {@code GET /users/online}: users with a live chat connection, as {@code {"users":[...]}}, or
     * {@code {"count":N}} with {@code count=true}.
     */
    public Map<String, Object> online(Auth auth, Params params) {
        if (params.bool("count").orElse(false)) {
            return Map.of("count", online.onlineCount(auth.applicationId()));
        }
        long limit = params.integer("limit").orElse(10L);
        long offset = params.integer("offset").orElse(0L);
        if (limit < 1 || limit > maxPageSize) {
            throw ApiException.invalid("limit", "must be between 1 and " + maxPageSize);
        }
        if (offset < 0 || offset > Integer.MAX_VALUE) {
            throw ApiException.invalid("offset", "must be zero or more");
        }
        List<Long> ids = online.onlineUserIds(auth.applicationId(), (int) offset, (int) limit);
        List<User> found = ids.isEmpty() ? List.of() : users.list(new UserQuery(auth.applicationId(),
                List.of(new UserQuery.Condition(UserField.ID, UserQuery.Operator.IN, List.copyOf(ids))), UserField.ID, true,
                0, ids.size())).items();
        Long viewer = viewerId(auth);
        return Map.of("users", found.stream().map(u -> UserJson.render(u, viewer)).toList());
    }

    private User requireSelf(Auth auth, String id) {
        long target = parseId(id);
        User self = auth.requireUser();
        if (self.id() != target) {
            if (users.findById(auth.applicationId(), target).isEmpty()) {
                throw notFound();
            }
            throw ApiException.forbidden("You can change only your own user");
        }
        return self;
    }

    private static Long viewerId(Auth auth) {
        return Optional.ofNullable(auth.user()).map(User::id).orElse(null);
    }

    private static long parseId(String id) {
        try {
            long value = Long.parseLong(id);
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // fall through to the 404: a non-numeric id names no user
        }
        throw notFound();
    }

    private static ApiException notFound() {
        return ApiException.notFound("User not found");
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
