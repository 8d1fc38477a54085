// On narrow screens the search filters fold behind a "Show filters" button. Without JavaScript they
// simply stay above the results.
document.addEventListener("DOMContentLoaded", function () {
  var button = document.querySelector(".filters-button");
  var form = document.getElementById("filters");
  if (!button || !form) return;
  var narrow = window.matchMedia("(max-width: 59.99rem)");
  var hasErrors = form.querySelector(".form-errors, .errorlist") !== null;

  function fold(folded) {
    form.classList.toggle("folded", folded);
    button.setAttribute("aria-expanded", String(!folded));
    button.textContent = folded ? "Show filters" : "Hide filters";
  }
  function apply() {
    button.hidden = !narrow.matches;
    fold(narrow.matches && !hasErrors);
    if (!narrow.matches) form.classList.remove("folded");
  }
  button.addEventListener("click", function () {
    fold(!form.classList.contains("folded"));
    if (!form.classList.contains("folded")) form.querySelector("input, select").focus();
  });
  narrow.addEventListener("change", apply);
  apply();
});
