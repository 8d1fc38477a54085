// "Use my location": fills the hidden lat/lng fields from the browser and submits the search.
// The page works without it; the button stays hidden where geolocation is not available. Its words come from the
// button's data-finding and data-failed attributes, in the page's language.
document.addEventListener("DOMContentLoaded", function () {
  var button = document.querySelector("[data-locate]");
  if (!button || !("geolocation" in navigator)) return;
  var form = button.form;
  var label = button.textContent;
  button.hidden = false;
  button.addEventListener("click", function () {
    button.disabled = true;
    button.textContent = button.dataset.finding;
    navigator.geolocation.getCurrentPosition(
      function (position) {
        form.elements.lat.value = position.coords.latitude.toFixed(5);
        form.elements.lng.value = position.coords.longitude.toFixed(5);
        form.elements.location.value = "";
        form.submit();
      },
      function () {
        button.disabled = false;
        button.textContent = label;
        var note = document.createElement("p");
        note.className = "form-errors";
        note.setAttribute("role", "alert");
        note.textContent = button.dataset.failed;
        button.insertAdjacentElement("afterend", note);
      },
      { timeout: 10000, maximumAge: 600000 }
    );
  });
});
