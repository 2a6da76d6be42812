import { createContext, useContext } from "react";

// The CSP nonce reaches components through context, never through loader data (which may be cached).
const NonceContext = createContext<string>("");
export const NonceProvider = NonceContext.Provider;
export const useNonce = () => useContext(NonceContext);
