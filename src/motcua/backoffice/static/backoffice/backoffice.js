// A form inside an element marked data-swap-refusal is answered 400 with the element again,
// its error shown (the officials' notes): htmx swaps such an answer in like a success.
document.addEventListener("htmx:beforeSwap", function (event) {
  if (event.detail.xhr.status === 400 && event.target.closest("[data-swap-refusal]")) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});
