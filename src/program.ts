/**
 * The Pulumi program behind the root Pulumi.yaml: deploys `mcpAuth:configFile` (default mcp-auth.yaml)
 * to every IdP in `mcpAuth:idps` and exports, per IdP, the outputs an MCP server needs. It only wires
 * stack config to the components; a bad setting or file fails before any resource is declared.
 */
import * as pulumi from "@pulumi/pulumi";
import { ConfigError } from "./schema/config-error.js";
import { loadConfigFile } from "./schema/parse.js";
import { deployToIdps } from "./stack/deploy.js";
import { StackSettingsError, resolveStackSettings } from "./stack/settings.js";

export default function program() {
  try {
    const mcpAuth = new pulumi.Config("mcpAuth");
    const settings = resolveStackSettings({
      configFile: mcpAuth.get("configFile"),
      idps: mcpAuth.get("idps"),
      auth0Domain: new pulumi.Config("auth0").get("domain"),
      keycloakUrl: new pulumi.Config("keycloak").get("url"),
      keycloakBasePath: new pulumi.Config("keycloak").get("basePath"),
    });
    return deployToIdps(loadConfigFile(settings.configFile), settings);
  } catch (error) {
    // User errors print as a message, not a stack trace.
    if (error instanceof ConfigError || error instanceof StackSettingsError) throw new pulumi.RunError(error.message);
    throw error;
  }
}
