/** A module that is not a plugin: --plugin must refuse it. */
export const nothingToRegister = true;
