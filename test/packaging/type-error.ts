// Run in the template project instead of program.ts: a wrong argument type must stop the run, which proves
// that Pulumi's runner type-checks against this package's declarations (they are not `any`).
import { KeycloakMcpAuthorization } from "pulumi-mcp-auth/keycloak";

export const auth = new KeycloakMcpAuthorization("mcp", { config: { version: 1, resources: {} }, baseUrl: 8080 });
