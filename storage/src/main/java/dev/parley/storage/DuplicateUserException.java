package dev.parley.storage;

/** A user write collided with another user of the same application on a unique field. */
public final class DuplicateUserException extends RuntimeException {

    private final String field;

    public DuplicateUserException(String field, Throwable cause) {
        super(field + " has already been taken", cause);
        this.field = field;
    }

    /** The API name of the colliding field: {@code login}, {@code email} or {@code external_user_id}. */
    public String field() {
        return field;
    }
}
