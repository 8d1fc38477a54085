// "Use my location": fills the hidden lat/lng fields from the browser and submits the search.
// The page works without it; the button stays hidden where geolocation is not available.
document.addEventListener("DOMContentLoaded", function () {
  var button = document.querySelector("[data-locate]");
  if (!button || !("geolocation" in navigator)) return;
  var form = button.form;
  button.hidden = false;
  button.addEventListener("click", function () {
    button.disabled = true;
    button.textContent = "Finding your location…";
    navigator.geolocation.getCurrentPosition(
      function (position) {
        form.elements.lat.value = position.coords.latitude.toFixed(5);
        form.elements.lng.value = position.coords.longitude.toFixed(5);
        form.elements.location.value = "";
        form.submit();
      },
      function () {
        button.disabled = false;
        button.textContent = "Use my location";
        var note = document.createElement("p");
        note.className = "form-errors";
        note.setAttribute("role", "alert");
        note.textContent = "We could not get your location. Type a ZIP code or a city and state instead.";
        button.insertAdjacentElement("afterend", note);
      },
      { timeout: 10000, maximumAge: 600000 }
    );
  });
});
