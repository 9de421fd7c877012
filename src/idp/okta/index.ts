export { OktaMcpAuthorization, type OktaMcpAuthorizationArgs } from "./component.js";
export { translateOkta, type OktaIssuerMode, type OktaTranslateOptions } from "./translate.js";
export { oktaAuthorizationServerMetadataUrl, oktaJwksUri, oktaProtectedResourceMetadata, oktaVerifierOptions } from "./endpoints.js";
export { oktaResourceOutputs } from "./outputs.js";
