package graph_test

import (
	"strings"
	"testing"

	"sessionguard/graph"
)

// Frontend developers and integrators read the schema as the API's documentation, so every
// type, field, argument and enum value must say what it means.
func TestEverySchemaElementIsDescribed(t *testing.T) {
	schema := graph.NewExecutableSchema(graph.Config{}).Schema()
	var missing []string
	checked := 0
	for name, def := range schema.Types {
		if def.BuiltIn || strings.HasPrefix(name, "__") {
			continue
		}
		checked++
		if strings.TrimSpace(def.Description) == "" {
			missing = append(missing, name)
		}
		for _, f := range def.Fields {
			if strings.HasPrefix(f.Name, "__") {
				continue
			}
			if strings.TrimSpace(f.Description) == "" {
				missing = append(missing, name+"."+f.Name)
			}
			for _, arg := range f.Arguments {
				if strings.TrimSpace(arg.Description) == "" {
					missing = append(missing, name+"."+f.Name+"("+arg.Name+")")
				}
			}
		}
		for _, v := range def.EnumValues {
			if strings.TrimSpace(v.Description) == "" {
				missing = append(missing, name+"."+v.Name)
			}
		}
	}
	if checked < 20 {
		t.Fatalf("only %d schema types found; is the schema loaded?", checked)
	}
	if len(missing) > 0 {
		t.Errorf("%d schema elements lack a description:\n%s", len(missing), strings.Join(missing, "\n"))
	}
}
