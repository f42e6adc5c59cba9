package dev.parley.sdk;

/** A user of the application, as the REST API gives it (the fields a calling app needs). */
public record ParleyUser(long id, String login, String fullName, String email) {

    /** The name to show: the full name, else the login. */
    public String displayName() {
        return fullName != null && !fullName.isBlank() ? fullName : login;
    }
}
