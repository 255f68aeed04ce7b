// A job's page while the job runs: fetch the page again every few seconds and replace its status block
// (announced politely to screen readers), until the job is finished. Without JavaScript, a <noscript>
// refresh reloads the whole page instead.
(function () {
  "use strict";
  function schedule(block) {
    var seconds = parseInt(block.getAttribute("data-refresh"), 10);
    if (!seconds) return;
    window.setTimeout(function () { update(block); }, seconds * 1000);
  }
  function update(block) {
    fetch(window.location.href, { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (response) { return response.ok ? response.text() : Promise.reject(response.status); })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("job-status");
        if (!fresh) return;
        block.className = fresh.className;
        block.innerHTML = fresh.innerHTML;
        if (fresh.hasAttribute("data-refresh")) {
          block.setAttribute("data-refresh", fresh.getAttribute("data-refresh"));
          schedule(block);
        } else {
          block.removeAttribute("data-refresh");
        }
      })
      .catch(function (reason) {
        // A network hiccup or a server restarting: try again; a page gone (404, 403): stop.
        if (typeof reason !== "number" || reason >= 500) schedule(block);
      });
  }
  var block = document.getElementById("job-status");
  if (block) schedule(block);
})();
