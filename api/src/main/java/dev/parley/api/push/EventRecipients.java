package dev.parley.api.push;

import dev.parley.storage.model.UserField;
import dev.parley.storage.model.UserQuery;

import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * Whom an event is for (docs/protocol.md section 2.4): users of the sender's application chosen by id, by
 * external id, or by tags ({@code any} of them, {@code all} of them, {@code exclude} those with any), the
 * conditions joined by AND. The users are looked up in the sender's application only, so an id of another
 * application's user reaches no one.
 */
record EventRecipients(List<Long> ids, List<Long> externalIds, List<String> anyTags, List<String> allTags,
                       List<String> excludedTags) {

    /** The conditions of a user query that finds the recipients. */
    List<UserQuery.Condition> conditions() {
        List<UserQuery.Condition> conditions = new ArrayList<>();
        if (!ids.isEmpty()) {
            conditions.add(new UserQuery.Condition(UserField.ID, UserQuery.Operator.IN, List.copyOf(ids)));
        }
        if (!externalIds.isEmpty()) {
            conditions.add(new UserQuery.Condition(UserField.EXTERNAL_USER_ID, UserQuery.Operator.IN,
                    List.copyOf(externalIds)));
        }
        if (!anyTags.isEmpty()) {
            conditions.add(new UserQuery.Condition(UserField.USER_TAGS, UserQuery.Operator.IN, List.copyOf(anyTags)));
        }
        for (String tag : allTags) {
            conditions.add(new UserQuery.Condition(UserField.USER_TAGS, UserQuery.Operator.EQ, List.of(tag)));
        }
        if (!excludedTags.isEmpty()) {
            conditions.add(new UserQuery.Condition(UserField.USER_TAGS, UserQuery.Operator.NIN,
                    List.copyOf(excludedTags)));
        }
        return conditions;
    }

    /** The tag conditions as the answer's {@code tag_query} shows them, or null when there are none. */
    String tagQuery() {
        StringJoiner query = new StringJoiner("&");
        if (!anyTags.isEmpty()) {
            query.add("tags[any]=" + String.join(",", anyTags));
        }
        if (!allTags.isEmpty()) {
            query.add("tags[all]=" + String.join(",", allTags));
        }
        if (!excludedTags.isEmpty()) {
            query.add("tags[exclude]=" + String.join(",", excludedTags));
        }
        return query.length() == 0 ? null : query.toString();
    }
}
