// Starts Swagger UI on /api/docs (kept out of the page so the CSP needs no inline script).
(function () {
  'use strict';
  var root = document.getElementById('api-docs');
  if (!root || typeof window.SwaggerUIBundle !== 'function') return;
  window.SwaggerUIBundle({
    url: root.getAttribute('data-spec'),
    domNode: root,
    deepLinking: true,
    docExpansion: 'list',
    defaultModelsExpandDepth: 0,
    // Offline: no call to the public validator badge service.
    validatorUrl: null,
    tryItOutEnabled: false,
  });
})();
