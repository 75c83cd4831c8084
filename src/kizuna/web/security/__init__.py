"""Web security: who may call which route (policy), headers, hosts, links."""
