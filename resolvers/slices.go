package resolvers

// pointers is items as the []*T gqlgen's list fields take, without copying them.
func pointers[T any](items []T) []*T {
	out := make([]*T, len(items))
	for i := range items {
		out[i] = &items[i]
	}
	return out
}
