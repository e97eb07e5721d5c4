// A form with data-confirm asks before it is sent. A file, not an onsubmit attribute: HQ's
// Content-Security-Policy allows no inline script (issue 15 item 6).
document.addEventListener("submit", function (event) {
  var question = event.target.getAttribute("data-confirm");
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});
