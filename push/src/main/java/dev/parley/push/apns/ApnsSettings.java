package dev.parley.push.apns;

import com.typesafe.config.Config;

/**
 * Where APNs is reached (reference.conf {@code parley.push.apns}): Apple's production and development gateways by
 * default, and, for tests and staging, a PEM file of the certificate authority to trust instead of the JDK's.
 *
 * @param trustCertificate a PEM file path, or empty for the JDK's trust store
 */
public record ApnsSettings(String productionHost, String sandboxHost, int port, String trustCertificate) {

    /** @param push the {@code parley.push} block */
    public static ApnsSettings from(Config push) {
        Config c = push.getConfig("apns");
        return new ApnsSettings(c.getString("production-host"), c.getString("sandbox-host"), c.getInt("port"),
                c.getString("trust-certificate"));
    }
}
