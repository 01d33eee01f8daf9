// Swagger UI over this server's OpenAPI description, from locally served assets (works offline).
"use strict";
window.addEventListener("load", () => {
  window.SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true });
});
