package learning.console.internal.auth;

/**
 * Who sent a request: the role of the token and a short label that names the token without
 * revealing it ({@code "operator"} for the generated token, {@code "viewer:1"} or
 * {@code "operator:2"} for configured ones). Audit events record the label.
 *
 * @param role what the token may do
 * @param label which token it was
 */
public record ActingPrincipal(Role role, String label) {
}
