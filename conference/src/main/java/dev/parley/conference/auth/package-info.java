/** Who a Janus request acts for: the token check the conference module needs, implemented by the server. */
package dev.parley.conference.auth;
