// Ink imports react-devtools-core only when DEV is set; the bundle does without it.
export default {initialize() {}, connectToDevTools() {}};
